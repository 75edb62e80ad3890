"""okrctl: lint, score and review OKRs and KPIs kept as YAML goal files."""

__version__ = "0.1.0"
