"""The Textual user interface: apps, screens and widgets over the core."""
