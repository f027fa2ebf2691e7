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

from ..models.charge_mode import ChargeMode

T = TypeVar("T", bound="TrainingAllocatedResource")


@_attrs_define
class TrainingAllocatedResource:
    """The resource a training task runs on (allocated_resource).

    Attributes:
        resource_id (str | Unset): Resource id.
        charge_mode (ChargeMode | Unset): How a resource is billed.
        expire_time (datetime.datetime | Unset): When the resource expires, RFC 3339, for example 2021-01-10T08:43:17Z.
    """

    resource_id: str | Unset = UNSET
    charge_mode: ChargeMode | Unset = UNSET
    expire_time: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        resource_id = self.resource_id

        charge_mode: str | Unset = UNSET
        if not isinstance(self.charge_mode, Unset):
            charge_mode = self.charge_mode.value

        expire_time: str | Unset = UNSET
        if not isinstance(self.expire_time, Unset):
            expire_time = self.expire_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if resource_id is not UNSET:
            field_dict["resource_id"] = resource_id
        if charge_mode is not UNSET:
            field_dict["charge_mode"] = charge_mode
        if expire_time is not UNSET:
            field_dict["expire_time"] = expire_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get = src_dict.get
        resource_id = get("resource_id", UNSET)

        _charge_mode = get("charge_mode", UNSET)
        charge_mode: ChargeMode | Unset
        if _charge_mode is UNSET:
            charge_mode = UNSET
        else:
            charge_mode = ChargeMode.parse(_charge_mode)

        _expire_time = get("expire_time", UNSET)
        expire_time: datetime.datetime | Unset
        if _expire_time is UNSET:
            expire_time = UNSET
        else:
            expire_time = datetime.datetime.fromisoformat(_expire_time)

        instance_ = _new_instance(cls)
        instance_.resource_id = resource_id
        instance_.charge_mode = charge_mode
        instance_.expire_time = expire_time
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
        "resource_id",
        "charge_mode",
        "expire_time",
    }
)
