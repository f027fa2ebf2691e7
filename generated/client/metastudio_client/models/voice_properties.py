from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

from ..models.voice_job_tag import VoiceJobTag
from ..models.voice_language import VoiceLanguage
from ..models.voice_sex import VoiceSex

T = TypeVar("T", bound="VoiceProperties")


@_attrs_define
class VoiceProperties:
    """Voice settings of a Flexus training (voice_properties).

    Attributes:
        job_tag (VoiceJobTag | Unset): What a Flexus voice is trained for.
        sex (VoiceSex | Unset): Whether a Flexus voice is female or male.
        language (VoiceLanguage | Unset): Training language of a Flexus voice (only Chinese for now).
    """

    job_tag: VoiceJobTag | Unset = UNSET
    sex: VoiceSex | Unset = UNSET
    language: VoiceLanguage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_tag: str | Unset = UNSET
        if not isinstance(self.job_tag, Unset):
            job_tag = self.job_tag.value

        sex: str | Unset = UNSET
        if not isinstance(self.sex, Unset):
            sex = self.sex.value

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if job_tag is not UNSET:
            field_dict["job_tag"] = job_tag
        if sex is not UNSET:
            field_dict["sex"] = sex
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _job_tag = get("job_tag", UNSET)
        job_tag: VoiceJobTag | Unset
        if _job_tag is UNSET:
            job_tag = UNSET
        else:
            job_tag = VoiceJobTag.parse(_job_tag)

        _sex = get("sex", UNSET)
        sex: VoiceSex | Unset
        if _sex is UNSET:
            sex = UNSET
        else:
            sex = VoiceSex.parse(_sex)

        _language = get("language", UNSET)
        language: VoiceLanguage | Unset
        if _language is UNSET:
            language = UNSET
        else:
            language = VoiceLanguage.parse(_language)

        instance_ = _new_instance(cls)
        instance_.job_tag = job_tag
        instance_.sex = sex
        instance_.language = language
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
        "job_tag",
        "sex",
        "language",
    }
)
