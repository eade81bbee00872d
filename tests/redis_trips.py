"""Counting Redis round trips on the real connection (redis-py's own entry points)."""

import contextlib

import redis.client


@contextlib.contextmanager
def counted_round_trips():
    trips = []
    command, pipeline = redis.client.Redis.execute_command, redis.client.Pipeline.execute

    def one_command(self, *args, **kwargs):
        trips.append(args[0])
        return command(self, *args, **kwargs)

    def one_pipeline(self, *args, **kwargs):
        trips.append("pipeline")
        return pipeline(self, *args, **kwargs)

    redis.client.Redis.execute_command = one_command
    redis.client.Pipeline.execute = one_pipeline
    try:
        yield trips
    finally:
        redis.client.Redis.execute_command = command
        redis.client.Pipeline.execute = pipeline
