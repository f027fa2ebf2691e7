from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# from_dict fills a new instance's slots itself: the attrs __init__ with every field as a
# keyword costs more than the parse of the fields (the same values, the same class)
_new_instance = object.__new__

import datetime
from typing import cast

from ..models.comment_type import CommentType

T = TypeVar("T", bound="CommentLogInfo")


@_attrs_define
class CommentLogInfo:
    """One entry of a training task's comment log.

    Attributes:
        operate_time (datetime.datetime | Unset): When the comment was made, RFC 3339, for example 2020-07-30T10:43:17Z.
        comment_type (CommentType | Unset): Kind of a comment log entry.
        comment_title (str | Unset): Comment title.
        comment_message (str | Unset): Comment text.
        attachment_download_url (list[str] | Unset): Download URLs of the comment's attachments.
    """

    operate_time: datetime.datetime | Unset = UNSET
    comment_type: CommentType | Unset = UNSET
    comment_title: str | Unset = UNSET
    comment_message: str | Unset = UNSET
    attachment_download_url: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operate_time: str | Unset = UNSET
        if not isinstance(self.operate_time, Unset):
            operate_time = self.operate_time.isoformat()

        comment_type: str | Unset = UNSET
        if not isinstance(self.comment_type, Unset):
            comment_type = self.comment_type.value

        comment_title = self.comment_title

        comment_message = self.comment_message

        attachment_download_url: list[str] | Unset = UNSET
        if not isinstance(self.attachment_download_url, Unset):
            attachment_download_url = self.attachment_download_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if operate_time is not UNSET:
            field_dict["operate_time"] = operate_time
        if comment_type is not UNSET:
            field_dict["comment_type"] = comment_type
        if comment_title is not UNSET:
            field_dict["comment_title"] = comment_title
        if comment_message is not UNSET:
            field_dict["comment_message"] = comment_message
        if attachment_download_url is not UNSET:
            field_dict["attachment_download_url"] = attachment_download_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _operate_time = get("operate_time", UNSET)
        operate_time: datetime.datetime | Unset
        if _operate_time is UNSET:
            operate_time = UNSET
        else:
            operate_time = datetime.datetime.fromisoformat(_operate_time)

        _comment_type = get("comment_type", UNSET)
        comment_type: CommentType | Unset
        if _comment_type is UNSET:
            comment_type = UNSET
        else:
            comment_type = CommentType.parse(_comment_type)

        comment_title = get("comment_title", UNSET)

        comment_message = get("comment_message", UNSET)

        attachment_download_url = cast(list[str], get("attachment_download_url", UNSET))

        instance_ = _new_instance(cls)
        instance_.operate_time = operate_time
        instance_.comment_type = comment_type
        instance_.comment_title = comment_title
        instance_.comment_message = comment_message
        instance_.attachment_download_url = attachment_download_url
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
        "operate_time",
        "comment_type",
        "comment_title",
        "comment_message",
        "attachment_download_url",
    }
)
