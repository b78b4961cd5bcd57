"""The JSON log line format, shared by the production settings and gunicorn's
own logs (site/gunicorn.conf.py): one object per line on stdout."""

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
STDOUT_HANDLER = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
