"""Field drivers: one module per protocol, all speaking the Driver protocol of base.py."""
