"""The Modbus TCP driver: planning, the link to a device, decoding, writing, health."""
