"""The data stage: import, clean, measure, generate and split the samples a run trains on."""
