// Loading @cdktf/commons (through cdktf) must not phone home.
process.env.CHECKPOINT_DISABLE = "1";
