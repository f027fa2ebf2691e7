from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

from typing import cast

T = TypeVar("T", bound="CommentData")


@_attrs_define
class CommentData:
    """A comment sent with a command.

    Attributes:
        comment_title (str | Unset): Comment title.
        comment_message (str | Unset): Comment text.
        attachment_name (list[str] | Unset): Names of the attachments; one upload URL is returned per name.
    """

    comment_title: str | Unset = UNSET
    comment_message: str | Unset = UNSET
    attachment_name: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        comment_title = self.comment_title

        comment_message = self.comment_message

        attachment_name: list[str] | Unset = UNSET
        if not isinstance(self.attachment_name, Unset):
            attachment_name = self.attachment_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if comment_title is not UNSET:
            field_dict["comment_title"] = comment_title
        if comment_message is not UNSET:
            field_dict["comment_message"] = comment_message
        if attachment_name is not UNSET:
            field_dict["attachment_name"] = attachment_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        comment_title = get("comment_title", UNSET)

        comment_message = get("comment_message", UNSET)

        attachment_name = cast(list[str], get("attachment_name", UNSET))

        instance_ = _new_instance(cls)
        instance_.comment_title = comment_title
        instance_.comment_message = comment_message
        instance_.attachment_name = attachment_name
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
        "comment_title",
        "comment_message",
        "attachment_name",
    }
)
