"""resourcekit."""
