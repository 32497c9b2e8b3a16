"""Pages of the steering: the projet de territoire (public), the roadmap and its versions,
the experiments. Every form works without JavaScript; a refused change shows the form again,
filled, with the service's French message."""
