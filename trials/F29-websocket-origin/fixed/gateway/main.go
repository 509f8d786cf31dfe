package main

import (
	"log"
	"net/http"

	"github.com/gorilla/websocket"
)

var allowed = map[string]bool{"https://ops.example.org": true}

var upgrader = websocket.Upgrader{
	ReadBufferSize: 1024,
	CheckOrigin:    func(r *http.Request) bool { return allowed[r.Header.Get("Origin")] },
}

// A second upgrader relies on gorilla's default same-origin check.
var internalUpgrader = websocket.Upgrader{ReadBufferSize: 1024}

func events(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		log.Println(err)
		return
	}
	defer conn.Close()
}

func main() {
	http.HandleFunc("/events", events)
	log.Fatal(http.ListenAndServe(":8081", nil))
}
