"""Direct tests of okrctl/compute/: goal files in, numbers worked out by hand, statuses out."""
