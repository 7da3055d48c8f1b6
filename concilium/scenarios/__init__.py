"""Reference data sets that load through the services, as a secretariat would record them.

Each scenario has a name (`sco-2020`) and a loader; `concilium load-scenario NAME` runs it.
"""

from __future__ import annotations

SCENARIOS = {"sco-2020": "concilium.scenarios.sco_2020"}
