"""The ceiling: a one-line Flask route served by the same gunicorn settings as the app.

    gunicorn -c gunicorn.conf.py --chdir bench/load hello:app

Whatever the mix reaches next to this is what the marketplace's own work costs.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
