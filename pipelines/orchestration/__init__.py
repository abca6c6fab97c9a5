"""Running the steps: the Prefect flow, its schedule, the run lock, the watchdog."""
