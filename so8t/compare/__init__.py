"""Comparing runs: their curves overlaid, the stage options that differ, their evaluation tables side by side."""
