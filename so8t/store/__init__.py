"""The run store: a run folder's layout, its records, its checkpoints, the list of runs, and what the window shows of a run."""
