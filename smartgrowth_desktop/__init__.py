"""SmartGrowth Field Desk."""

__version__ = "0.1.0"
