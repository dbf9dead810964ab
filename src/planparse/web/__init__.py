"""The local web page (`planparse serve`): drop plans in, see them as read, download the outputs,
compare versions. A thin layer over the Python API, like the command line."""
