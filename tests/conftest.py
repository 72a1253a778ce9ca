"""Hypothesis profiles: `default` keeps CI within its time budget; `thorough` is for long local
runs (`python -m pytest --hypothesis-profile=thorough`); `fuzz` is the long run of the fuzz
suite (`python -m pytest tests/test_fuzz.py --hypothesis-profile=fuzz`)."""

from hypothesis import HealthCheck, settings

for name, examples in (("default", 200), ("thorough", 3000), ("fuzz", 2000)):
    settings.register_profile(
        name,
        max_examples=examples,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
settings.load_profile("default")
