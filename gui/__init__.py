"""The control panel window: widgets that show state arriving by signals or from the run store."""
