"""Pure logic of the techniques layer: windows, decoding, post-processing, voice, neutrality pairs."""
