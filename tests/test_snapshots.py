"""SVG snapshots of the app's main states (pytest-textual-snapshot).

The scenarios are ``reader.ui.scenarios.SCENARIOS``, the same ones
``scripts/screenshots.py`` writes to ``screenshots/`` for the README. Update the stored
pictures after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at them before committing.
"""

from __future__ import annotations

import pytest

from reader.ui.scenarios import SCENARIOS, Scenario


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(scenario: Scenario, snap_compare) -> None:
    assert snap_compare(scenario.app_factory(), terminal_size=scenario.size,
                        run_before=scenario.run_before)
