from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__


T = TypeVar("T", bound="ActionSampleInfo")


@_attrs_define
class ActionSampleInfo:
    """An atomic action sample of the action video.

    Attributes:
        action_name_zh (str | Unset): Action name in Chinese.
        action_name_en (str | Unset): Action name in English.
        action_tag (str | Unset): Action tag.
        catalog (str | Unset): Name of the action's category.
        is_selected (bool | Unset): Whether the action is selected. Default: True.
        sample_download_url (str | Unset): Download URL of the sample file, valid for 24 hours.
        recommended_value (int | Unset): Recommendation level.
    """

    action_name_zh: str | Unset = UNSET
    action_name_en: str | Unset = UNSET
    action_tag: str | Unset = UNSET
    catalog: str | Unset = UNSET
    is_selected: bool | Unset = True
    sample_download_url: str | Unset = UNSET
    recommended_value: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action_name_zh = self.action_name_zh

        action_name_en = self.action_name_en

        action_tag = self.action_tag

        catalog = self.catalog

        is_selected = self.is_selected

        sample_download_url = self.sample_download_url

        recommended_value = self.recommended_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if action_name_zh is not UNSET:
            field_dict["action_name_zh"] = action_name_zh
        if action_name_en is not UNSET:
            field_dict["action_name_en"] = action_name_en
        if action_tag is not UNSET:
            field_dict["action_tag"] = action_tag
        if catalog is not UNSET:
            field_dict["catalog"] = catalog
        if is_selected is not UNSET:
            field_dict["is_selected"] = is_selected
        if sample_download_url is not UNSET:
            field_dict["sample_download_url"] = sample_download_url
        if recommended_value is not UNSET:
            field_dict["recommended_value"] = recommended_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        action_name_zh = get("action_name_zh", UNSET)

        action_name_en = get("action_name_en", UNSET)

        action_tag = get("action_tag", UNSET)

        catalog = get("catalog", UNSET)

        is_selected = get("is_selected", UNSET)

        sample_download_url = get("sample_download_url", UNSET)

        recommended_value = get("recommended_value", UNSET)

        instance_ = _new_instance(cls)
        instance_.action_name_zh = action_name_zh
        instance_.action_name_en = action_name_en
        instance_.action_tag = action_tag
        instance_.catalog = catalog
        instance_.is_selected = is_selected
        instance_.sample_download_url = sample_download_url
        instance_.recommended_value = recommended_value
        if _PROPERTY_NAMES.issuperset(src_dict):
            instance_.additional_properties = {}
        else:  # keys the spec does not list: kept
            instance_.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return instance_

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# the wire names of the declared properties; from_dict keeps any other key in additional_properties
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "action_name_zh",
        "action_name_en",
        "action_tag",
        "catalog",
        "is_selected",
        "sample_download_url",
        "recommended_value",
    }
)
