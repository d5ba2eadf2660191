import tensorflow as tf


def two_gradients(x):
    """Return (dy_dx, dz_dx) for y = sum(x**3) and z = sum(sin(x)), from ONE GradientTape."""
    # TODO: tape 하나를 만들고, x를 기록하게 한 다음 y와 z를 계산해.
    # TODO: 같은 tape로 dy/dx와 dz/dx를 구해서 return해.
    ...


if __name__ == "__main__":
    x = tf.constant([0.0, 1.0, 2.0])
    result = two_gradients(x)
    print("two_gradients 결과:", result)
    print("기대값: dy_dx = [0. 3. 12.], dz_dx = [1. 0.5403 -0.4161]")
