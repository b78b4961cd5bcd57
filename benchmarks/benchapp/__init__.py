"""Baselines for the HTTP benchmark; not part of the engine."""
