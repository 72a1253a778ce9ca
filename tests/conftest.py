"""Hypothesis profiles: `default` keeps CI within its time budget; `thorough` is for long local
runs (`python -m pytest --hypothesis-profile=thorough`)."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=3000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The long fuzzing run (tests/test_fuzz.py): `python -m pytest tests/test_fuzz.py
# --hypothesis-profile=fuzz`.
settings.register_profile(
    "fuzz",
    max_examples=2_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("default")
