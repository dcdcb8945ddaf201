from qnet.cli import main

main()
