"""The async OVH client, managers and records."""
