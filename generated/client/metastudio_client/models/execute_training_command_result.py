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

from ..models.command_result import CommandResult

T = TypeVar("T", bound="ExecuteTrainingCommandResult")


@_attrs_define
class ExecuteTrainingCommandResult:
    """Result of a command. The field name `commond_result` is the wire spelling.

    Attributes:
        commond_result (CommandResult | Unset): Whether the command ran (EXCUTE is the wire spelling).
        attachment_upload_url (list[str] | Unset): Upload URLs of the comment's attachments.
        multipart_data (list[MultipartUploadInfo] | Unset): The training video parts uploaded so far.
        excute_failed_msg (str | Unset): Why the command failed (EXCUTE is the wire spelling).
        error_info (Error | None | Unset): Error details when the command failed; null when it did not, as the video
            tasks' error_info (E02).
    """

    commond_result: CommandResult | Unset = UNSET
    attachment_upload_url: list[str] | Unset = UNSET
    multipart_data: list[MultipartUploadInfo] | Unset = UNSET
    excute_failed_msg: str | Unset = UNSET
    error_info: Error | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        commond_result: str | Unset = UNSET
        if not isinstance(self.commond_result, Unset):
            commond_result = self.commond_result.value

        attachment_upload_url: list[str] | Unset = UNSET
        if not isinstance(self.attachment_upload_url, Unset):
            attachment_upload_url = self.attachment_upload_url

        multipart_data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.multipart_data, Unset):
            multipart_data = []
            for multipart_data_item_data in self.multipart_data:
                multipart_data_item = multipart_data_item_data.to_dict()
                multipart_data.append(multipart_data_item)

        excute_failed_msg = self.excute_failed_msg

        error_info: dict[str, Any] | None | Unset
        if isinstance(self.error_info, Unset):
            error_info = UNSET
        elif isinstance(self.error_info, Error):
            error_info = self.error_info.to_dict()
        else:
            error_info = self.error_info

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if commond_result is not UNSET:
            field_dict["commond_result"] = commond_result
        if attachment_upload_url is not UNSET:
            field_dict["attachment_upload_url"] = attachment_upload_url
        if multipart_data is not UNSET:
            field_dict["multipart_data"] = multipart_data
        if excute_failed_msg is not UNSET:
            field_dict["excute_failed_msg"] = excute_failed_msg
        if error_info is not UNSET:
            field_dict["error_info"] = error_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        _commond_result = get("commond_result", UNSET)
        commond_result: CommandResult | Unset
        if _commond_result is UNSET:
            commond_result = UNSET
        else:
            commond_result = CommandResult.parse(_commond_result)

        attachment_upload_url = cast(list[str], get("attachment_upload_url", UNSET))

        _multipart_data = get("multipart_data", UNSET)
        multipart_data: list[MultipartUploadInfo] | Unset = UNSET
        if _multipart_data is not UNSET:
            multipart_data = []
            for multipart_data_item_data in _multipart_data:
                multipart_data_item = MultipartUploadInfo.from_dict(multipart_data_item_data)

                multipart_data.append(multipart_data_item)

        excute_failed_msg = get("excute_failed_msg", UNSET)

        _error_info = get("error_info", UNSET)
        error_info: Error | None | Unset
        if _error_info is None or _error_info is UNSET:
            error_info = _error_info
        else:

            def _parse_error_info(data: object) -> Error | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    error_info_type_0 = Error.from_dict(data)

                    return error_info_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(Error | None | Unset, data)

            error_info = _parse_error_info(_error_info)

        instance_ = _new_instance(cls)
        instance_.commond_result = commond_result
        instance_.attachment_upload_url = attachment_upload_url
        instance_.multipart_data = multipart_data
        instance_.excute_failed_msg = excute_failed_msg
        instance_.error_info = error_info
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
        "commond_result",
        "attachment_upload_url",
        "multipart_data",
        "excute_failed_msg",
        "error_info",
    }
)


# metastudio: the models this one refers to, imported once, after the class (so that models
# which refer to each other can import each other), not inside from_dict/to_dict on every call.
from ..models.error import Error
from ..models.multipart_upload_info import MultipartUploadInfo
