"""serviq: customer-service quality for financial institutions."""

__version__ = "0.1.0"
