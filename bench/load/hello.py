"""The ceiling: a one-line Flask route served by the same gunicorn settings as the app.

    gunicorn -c gunicorn.conf.py --chdir bench/load hello:app

Whatever the mix reaches next to this is what the marketplace's own work costs. gunicorn
is handed the bare WSGI callable: the server hooks in gunicorn.conf.py prepare a Flask
app object (the marketplace's database and match index) and leave anything else alone.
"""

from flask import Flask

hello_app = Flask(__name__)


@hello_app.get("/")
def hello() -> str:
    return "hello"


app = hello_app.wsgi_app
