"""The events function: anonymous reach counters (page opens, QR scans) and their published summary."""
