"""Spec change management: `make diff` (classified changes and the breaking-change gate),
`python -m generator release` (record a release), `make dist` (versioned wheels and sdists,
CHANGELOG). compare.py classifies, history.py knows releases and versions."""
