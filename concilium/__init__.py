"""Concilium: a secretariat platform for intergovernmental councils."""

__version__ = "0.1.0"
