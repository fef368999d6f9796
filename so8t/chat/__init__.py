"""Chat with a GGUF or an HF folder through the safety gate: final-only answers, thinking hashed into an audit log."""
