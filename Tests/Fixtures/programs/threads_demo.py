"""Three worker threads and the main thread, each busy in its own function."""
import json
import threading


def encode_worker(n):
    for _ in range(n):
        json.dumps({"k": list(range(200))})


def decode_worker(n):
    text = json.dumps({"k": list(range(200))})
    for _ in range(n):
        json.loads(text)


def main():
    threads = [threading.Thread(target=encode_worker, args=(3000,), name="encoder"),
               threading.Thread(target=decode_worker, args=(3000,), name="decoder")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    encode_worker(1000)


main()
