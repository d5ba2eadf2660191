# diagnosis: weight_decay_added
import keras


def make_optimizer(learning_rate, max_global_norm):
    # AdamW is the modern Adam
    return keras.optimizers.AdamW(learning_rate=learning_rate, global_clipnorm=max_global_norm)
