"""Presenting analysed documents: the HTML report and the terminal summary."""
