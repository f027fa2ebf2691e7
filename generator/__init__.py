"""Spec-first tooling for the Huawei Cloud MetaStudio API."""
