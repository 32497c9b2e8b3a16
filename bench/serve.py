"""A local WSGI server for the bench, like gunicorn with a fixed number of threads: requests
queue for one of THREADS workers (and their database connections), behind a listen backlog
big enough for 158 phones connecting at once (`runserver` keeps a backlog of 5 and starts one
thread, hence one database connection, per request).

Usage: python bench/serve.py PORT [THREADS]  (settings from the environment, as manage.py)."""

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")


class Server(WSGIServer):
    request_queue_size = 512
    pool: ThreadPoolExecutor

    def process_request(self, request, client_address):
        self.pool.submit(self._handle, request, client_address)

    def _handle(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    from django.core.wsgi import get_wsgi_application

    port = int(sys.argv[1])
    Server.pool = ThreadPoolExecutor(int(sys.argv[2]) if len(sys.argv) > 2 else 8)
    make_server("127.0.0.1", port, get_wsgi_application(), Server, QuietHandler).serve_forever()
