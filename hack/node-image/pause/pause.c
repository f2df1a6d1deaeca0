/*
 * pause: the sandbox process of every pod in the canarylab node image.
 *
 * It holds the pod's namespaces open, reaps zombies (it is PID 1 when the pod
 * shares its process namespace) and exits cleanly on SIGINT/SIGTERM.
 * Built statically by stages/pause.sh; the equivalent of Kubernetes' own
 * build/pause/linux/pause.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define VERSION "3.10.1-canarylab"

static void on_term(int sig)
{
	(void)sig;
	_exit(0);
}

static void on_child(int sig)
{
	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

int main(int argc, char **argv)
{
	struct sigaction term, child;

	if (argc == 2 && strcmp(argv[1], "-v") == 0) {
		printf("pause %s\n", VERSION);
		return 0;
	}
	if (getpid() != 1)
		fprintf(stderr, "pause: warning: not PID 1\n");

	memset(&term, 0, sizeof(term));
	term.sa_handler = on_term;
	if (sigaction(SIGINT, &term, NULL) < 0 || sigaction(SIGTERM, &term, NULL) < 0)
		return 1;

	memset(&child, 0, sizeof(child));
	child.sa_handler = on_child;
	child.sa_flags = SA_NOCLDSTOP;
	if (sigaction(SIGCHLD, &child, NULL) < 0)
		return 2;

	for (;;)
		pause();
	return 42; /* not reached */
}
