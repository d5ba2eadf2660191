import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    """A training pipeline: (x, y) batches with x = pixels / 255 as float32, shuffled over the whole data set
    with `seed` (a new order every epoch), full batches only, prefetched."""
    # TODO 1: from_tensor_slices로 (pixels, labels) 짝의 dataset 만들기
    # TODO 2: 데이터 전체가 고르게 섞이도록 shuffle (buffer 크기와 seed를 잘 골라)
    # TODO 3: map으로 x를 float32로 바꾸고 255로 나누기 (y는 그대로)
    # TODO 4: batch_size로 묶되, 모자란 마지막 batch는 버리기
    # TODO 5: 맨 끝에 prefetch
    ...

if __name__ == "__main__":
    pixels = tf.constant([[i, 2 * i, 255 - i] for i in range(10)], dtype=tf.uint8)
    labels = tf.constant([i % 3 for i in range(10)])
    ds = make_dataset(pixels, labels, batch_size=4, seed=0)
    if ds is None:
        raise SystemExit("make_dataset가 아직 dataset을 돌려주지 않아 (None).")
    for epoch in range(2):
        for x, y in ds:
            print(epoch, x.shape, x.dtype.name, y.numpy())
