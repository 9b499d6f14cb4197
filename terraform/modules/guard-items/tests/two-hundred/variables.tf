# The fixture takes no variables: its 200 fleets are made in main.tf.
