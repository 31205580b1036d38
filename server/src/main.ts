// Language server entry point (stdio or IPC, chosen by the client's transport arguments).
import { startServer } from "./server";

startServer();
