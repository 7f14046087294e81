"""Health and readiness, JSON logs with request ids, and Prometheus metrics."""
