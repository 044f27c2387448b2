from supportweb.cli import main

main()
