"""Guidelab's Python client: submit sweeps, follow them live, read their results.

    from guidelab import Client
    client = Client()                      # GUIDELAB_URL, else http://localhost:8080
    exp = client.submit({"name": "cfg vs autoguidance", "main": "toy-oracle:A", ...})
    exp.wait(progress=True)                # follows the server-sent events
    exp.results()                          # final metric values, a DataFrame with pandas
"""

from .client import Client, Experiment, GuidelabError

__all__ = ["Client", "Experiment", "GuidelabError"]
