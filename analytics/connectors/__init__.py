"""Running the platform connectors (calendar_app.connectors) and writing what they bring:
channel and per-piece snapshots, publications matched to the plan, the channel's status."""
