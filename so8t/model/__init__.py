"""The model folder and the gate math: reading and checking a model folder, the SO(8) gates, chat templates, tiny models."""
