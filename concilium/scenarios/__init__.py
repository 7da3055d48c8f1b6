"""Reference data sets that load through the services, as a secretariat would record them.

Each scenario has a name (`sco-2020`) and a module with its loader; `concilium load-scenario
NAME` runs it (`management/commands/load-scenario.py` lists them), `concilium demo` loads
`sco-2020`.
"""
