"""HTTP routes. Domain endpoints are data: each row maps a method and path to one api.* function."""
