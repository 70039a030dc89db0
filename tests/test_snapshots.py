"""SVG snapshots of the app's main states (pytest-textual-snapshot).

The scenarios are ``reader.ui.scenarios.SCENARIOS``, the same ones
``scripts/screenshots.py`` writes to ``screenshots/`` for the README. They show what a
learner with the Debian dictionary sees, so they need it (``.ci/run`` installs it).
Update the stored pictures after an intended change with
``pytest tests/test_snapshots.py --snapshot-update`` and look at them before committing.
"""

from __future__ import annotations

import pytest

from reader.ui.scenarios import DEBIAN_DING, SCENARIOS, Scenario

pytestmark = pytest.mark.skipif(
    not DEBIAN_DING.is_file(),
    reason="Debian trans-de-en is not installed (apt-get install trans-de-en)",
)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(scenario: Scenario, snap_compare) -> None:
    assert snap_compare(
        scenario.app_factory(), terminal_size=scenario.size, run_before=scenario.run_before
    )
